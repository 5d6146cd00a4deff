//! The user interface: the app shell, screens and components.

pub mod app;
pub mod components;
pub mod pages;
pub mod route;
pub mod state;
pub mod storage;
pub mod zone;
