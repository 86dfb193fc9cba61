//! A listener's accept loop: each connection served by the [`pipeline`](crate::pipeline)
//! until shutdown.

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::log::Listener;
use crate::pipeline;
use crate::state::State;

pub(super) async fn accept_loop(
    listener: TcpListener,
    kind: Listener,
    state: Arc<State>,
    mut stop: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let (stream, remote) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        tracing::debug!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(5)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let state = state.clone();
                let local = stream.local_addr().unwrap_or(remote);
                conns.spawn(async move {
                    let peers = (remote, local);
                    let svc = service_fn(move |req| pipeline::handle(state.clone(), kind, peers, req));
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.shutdown().await;
}
