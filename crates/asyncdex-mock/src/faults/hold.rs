//! Holding requests until a test lets them go: [`MockServer::hold`](crate::MockServer::hold)
//! gives a [`Hold`]; the pipeline waits in [`Holds::pass`] while one matches.

use std::sync::{Arc, Mutex};

use http::Method;
use tokio::sync::watch;

use super::RequestMatch;
use crate::log::{Listener, lock};

/// What a [`Hold`] shares with the requests it holds.
#[derive(Debug)]
struct Shared {
    which: RequestMatch,
    released: watch::Sender<bool>,
    /// How many requests have reached the hold so far.
    held: watch::Sender<usize>,
}

impl Shared {
    fn is_released(&self) -> bool {
        *self.released.borrow()
    }

    async fn hold_here(&self) {
        self.held.send_modify(|n| *n += 1);
        let mut released = self.released.subscribe();
        // The sender lives in `self`, so the channel cannot close while this waits.
        let _ = released.wait_for(|released| *released).await;
    }
}

/// Requests matching a [`RequestMatch`] wait, as they arrive, until [`release`](Self::release)
/// (or until the `Hold` is dropped): then they go on as if they had just arrived (rate
/// limits, faults, the route). From [`MockServer::hold`](crate::MockServer::hold).
///
/// A test uses it to catch a client in the middle of its work, without timing assumptions:
/// hold, [`wait_for_held`](Self::wait_for_held), look or act, release.
#[derive(Debug)]
#[must_use = "requests are held only while the Hold lives"]
pub struct Hold {
    shared: Arc<Shared>,
}

impl Hold {
    /// How many requests have reached the hold so far (those still waiting and those that
    /// were let go or whose client gave up).
    pub fn held(&self) -> usize {
        *self.shared.held.borrow()
    }

    /// Waits until at least `n` requests have reached the hold.
    pub async fn wait_for_held(&self, n: usize) {
        let mut held = self.shared.held.subscribe();
        // The sender lives in `self`, so the channel cannot close while this waits.
        let _ = held.wait_for(|held| *held >= n).await;
    }

    /// Lets every held request go on, and stops holding new ones.
    pub fn release(self) {
        drop(self);
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        self.shared.released.send_replace(true);
    }
}

/// The server's active holds.
#[derive(Debug, Default)]
pub(crate) struct Holds(Mutex<Vec<Arc<Shared>>>);

impl Holds {
    /// Starts holding the requests `which` names.
    pub(crate) fn add(&self, which: RequestMatch) -> Hold {
        let shared = Arc::new(Shared {
            which,
            released: watch::Sender::new(false),
            held: watch::Sender::new(0),
        });
        let mut holds = lock(&self.0);
        holds.retain(|hold| !hold.is_released());
        holds.push(shared.clone());
        Hold { shared }
    }

    /// Waits while a hold matches this request.
    pub(crate) async fn pass(&self, listener: Listener, method: &Method, path: &str) {
        let matching: Vec<Arc<Shared>> = lock(&self.0)
            .iter()
            .filter(|hold| !hold.is_released() && hold.which.matches(listener, method, path))
            .cloned()
            .collect();
        for hold in matching {
            hold.hold_here().await;
        }
    }
}
