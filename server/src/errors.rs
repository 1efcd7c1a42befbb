//! Mapping subsystem errors to `AppError` at the service boundary: causes are logged with a
//! short reference id and never shown.

use app::error::AppError;

/// Log an internal failure and return an `AppError` that only carries its reference.
pub fn internal(err: impl std::fmt::Display) -> AppError {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
    tracing::error!(reference = %reference, error = %err, "internal error");
    AppError::internal(reference)
}

/// Storage failures are internal: `?` in a service logs the cause and shows only the reference.
impl From<crate::store::StoreError> for AppError {
    fn from(err: crate::store::StoreError) -> Self {
        internal(err)
    }
}
