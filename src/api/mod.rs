//! The only code that knows URLs, headers and status codes. Requests are built and responses
//! interpreted by pure functions (tested natively); `transport` sends them from the browser.

pub mod address;
pub mod client;
pub mod clock;
pub mod early;
pub mod request;
pub mod response;
pub mod transport;

pub use request::{ApiRequest, Connection, Method, Secret};
pub use response::{interpret, RawResponse};
