use super::Secret;

/// A login: a username or an email address, always together with its password.
///
/// Building one needs both halves, so "a username without a password" cannot be expressed.
/// `Debug` shows the username (AsyncDex, the Python library, exposes it as a plain attribute)
/// but never the password.
#[derive(Clone, Debug)]
pub struct Credentials {
    login: Login,
    password: Secret,
}

#[derive(Clone, Debug)]
enum Login {
    Username(String),
    Email(String),
}

impl Credentials {
    /// Credentials for a username.
    pub fn username(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self {
            login: Login::Username(username.into()),
            password: password.into(),
        }
    }

    /// Credentials for an email address (the legacy login accepts either; the OAuth password
    /// grant sends it as the username, which MangaDex's identity server accepts).
    pub fn email(email: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self {
            login: Login::Email(email.into()),
            password: password.into(),
        }
    }

    /// The username or email address.
    pub fn login(&self) -> &str {
        match &self.login {
            Login::Username(name) | Login::Email(name) => name,
        }
    }

    /// The username, when these credentials name a user rather than an email address.
    pub fn username_str(&self) -> Option<&str> {
        match &self.login {
            Login::Username(name) => Some(name),
            Login::Email(_) => None,
        }
    }

    /// Whether [`Credentials::login`] is an email address.
    pub fn is_email(&self) -> bool {
        matches!(self.login, Login::Email(_))
    }

    /// The password.
    pub fn password(&self) -> &Secret {
        &self.password
    }
}
