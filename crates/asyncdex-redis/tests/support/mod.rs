//! A real `redis-server` for the tests and benches: started on a free loopback port, stopped
//! on drop. Each test binary uses part of these helpers.
#![allow(dead_code)]

use std::io::ErrorKind;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::thread;
use std::time::{Duration, Instant};

use asyncdex_redis::RedisStore;
use asyncdex_tower::ratelimit::SharedLimit;

/// A `redis-server` process of this test binary.
#[derive(Debug)]
pub(crate) struct RedisServer {
    child: Option<Child>,
    port: u16,
}

impl RedisServer {
    /// A server of its own, for a test that kills it or counts its commands.
    pub(crate) fn start() -> Self {
        let port = free_port();
        let mut server = Self { child: None, port };
        server.restart();
        server
    }

    /// The server every test of this binary running at the same time shares; the last one to
    /// drop it stops it.
    pub(crate) fn shared() -> Arc<Self> {
        static SHARED: Mutex<Weak<RedisServer>> = Mutex::new(Weak::new());
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(server) = shared.upgrade() {
            return server;
        }
        let server = Arc::new(Self::start());
        *shared = Arc::downgrade(&server);
        server
    }

    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kills the server at once (SIGKILL: no goodbye to the clients).
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server (again) on its port, with no saved state, and waits until it accepts
    /// connections.
    pub(crate) fn restart(&mut self) {
        self.kill();
        let port = self.port.to_string();
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| match error.kind() {
                ErrorKind::NotFound => panic!(
                    "redis-server is not installed; the Redis store's tests need it: \
                     apt-get install -y redis-server"
                ),
                _ => panic!("cannot start redis-server: {error}"),
            });
        self.child = Some(child);
        self.wait_until_accepting();
    }

    fn wait_until_accepting(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_err() {
            let child = self.child.as_mut().expect("started");
            if let Ok(Some(status)) = child.try_wait() {
                panic!("redis-server on port {} exited: {status}", self.port);
            }
            assert!(Instant::now() < deadline, "redis-server did not start");
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// A store on `server` for an API host no other test uses (tests share the server).
pub(crate) fn store(server: &RedisServer, host: &str) -> RedisStore {
    RedisStore::builder(&server.url(), host)
        .build()
        .expect("a valid URL")
}

pub(crate) fn limit(name: &str, amount: u32, window: Duration) -> SharedLimit {
    SharedLimit {
        name: Arc::from(name),
        amount,
        window,
    }
}

/// A plain connection, to look at the keys the store wrote.
pub(crate) async fn raw_connection(server: &RedisServer) -> redis::aio::MultiplexedConnection {
    redis::Client::open(server.url())
        .expect("a valid URL")
        .get_multiplexed_async_connection()
        .await
        .expect("the test server accepts connections")
}

/// How many sends the state of a limit at `key` holds (0 when there is none): the string
/// `src/scripts/state.lua` writes is the pause's end and then the sends, 8 bytes each.
pub(crate) async fn sends_kept(redis: &mut redis::aio::MultiplexedConnection, key: &str) -> usize {
    let state: Vec<u8> = redis::cmd("GET")
        .arg(key)
        .query_async(redis)
        .await
        .expect("Redis answers");
    // Two fields before the sends: the pause's end and the last slot (`scripts/state.lua`).
    (state.len() / 8).saturating_sub(2)
}
