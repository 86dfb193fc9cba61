//! The rate-limit layer (under construction).
