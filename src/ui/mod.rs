//! The user interface: the app shell, screens and components.

pub mod app;
pub mod bulk_session;
pub mod clipboard;
pub mod components;
pub mod crash;
pub mod files;
pub mod form_model;
pub mod history_store;
pub mod launch_runner;
pub mod launch_session;
pub mod locks;
pub mod pages;
pub mod preset_store;
pub mod route;
pub mod state;
pub mod storage;
pub mod timer;
pub mod zone;
