//! The retry layer (under construction).
