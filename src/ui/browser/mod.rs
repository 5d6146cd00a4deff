//! Adapters to the browser: storage, the clipboard, files, the clock and zone, and locks
//! between tabs. Nothing here knows the app's screens.

pub mod clipboard;
pub mod clock;
pub mod dom;
pub mod files;
pub mod locks;
pub mod storage;
