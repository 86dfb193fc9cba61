//! The auth layer (under construction).
