/// A request extension: `WithAuth(false)` sends the request without a token even to the API.
///
/// The `with_auth=False` of AsyncDex (the Python library). `WithAuth(true)`, or no extension,
/// is the default: a token when the layer has one and the request goes to the API or auth
/// origin.
///
/// ```
/// use asyncdex_tower::auth::WithAuth;
///
/// let mut request = http::Request::get("https://api.mangadex.org/manga").body(()).unwrap();
/// request.extensions_mut().insert(WithAuth(false));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WithAuth(pub bool);
