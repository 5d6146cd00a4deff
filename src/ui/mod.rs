//! The user interface: the app shell, screens and components.

pub mod app;
pub mod browser;
pub mod components;
pub mod crash;
pub mod pages;
pub mod route;
pub mod screens;
pub mod split;
pub mod state;
pub mod text;
