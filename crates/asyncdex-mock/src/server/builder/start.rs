//! Binding the listeners and starting the server.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;

use super::MockServerBuilder;
use crate::limits::scale;
use crate::log::Listener;
use crate::server::MockServer;
use crate::server::accept::accept_loop;
use crate::state::{State, Urls};

impl MockServerBuilder {
    /// Port of the API listener (default 0: an ephemeral port). The other listeners always
    /// use ephemeral ports.
    pub fn api_port(mut self, port: u16) -> Self {
        self.api_port = port;
        self
    }

    /// Binds the listeners on 127.0.0.1 and starts serving.
    ///
    /// # Panics
    /// When a listener cannot be bound; use [`try_start`](Self::try_start) to get the error.
    pub async fn start(self) -> MockServer {
        match self.try_start().await {
            Ok(s) => s,
            Err(e) => panic!("asyncdex-mock: cannot bind 127.0.0.1: {e}"),
        }
    }

    /// Binds the listeners on 127.0.0.1 and starts serving.
    pub async fn try_start(mut self) -> std::io::Result<MockServer> {
        if let Some(f) = self.table_scale {
            scale(&mut self.config.table, f);
        }
        let localhost = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let api = TcpListener::bind(SocketAddr::new(localhost, self.api_port)).await?;
        let auth = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let image = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let image_443 = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let report = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let uploads = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let base = |l: &TcpListener| l.local_addr().map(|a| format!("http://{a}"));
        let urls = Urls {
            api: base(&api)?,
            auth_base: base(&auth)?,
            image: base(&image)?,
            image_443: base(&image_443)?,
            report_base: base(&report)?,
            uploads: base(&uploads)?,
        };
        let state = Arc::new(State::new(self.config, urls));
        let (tx, rx) = watch::channel(false);
        let tasks = [
            (api, Listener::Api),
            (auth, Listener::Auth),
            (image, Listener::Image),
            (image_443, Listener::Image),
            (report, Listener::Report),
            (uploads, Listener::Uploads),
        ]
        .into_iter()
        .map(|(l, kind)| tokio::spawn(accept_loop(l, kind, state.clone(), rx.clone())))
        .collect();
        Ok(MockServer {
            state,
            shutdown: tx,
            tasks,
        })
    }
}
