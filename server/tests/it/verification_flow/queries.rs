//! Test-only reads and one test-only write for the flow (kept here, not in the shared
//! `TestQueries`, so parallel branches do not collide): the activity kinds and outcomes of an
//! MSP, and moving a challenge's deadline into the past instead of waiting the MSP's timeout.

use app::ids::{MspId, VerificationId};
use server::store::Store;
use server::{db_run, db_write};

#[allow(async_fn_in_trait)]
pub trait FlowQueries {
    async fn list_activity_for_tests(&self, msp_id: MspId) -> Vec<(String, String)>;
    async fn expire_verification_deadline_for_tests(&self, id: VerificationId);
}

impl FlowQueries for Store {
    async fn list_activity_for_tests(&self, msp_id: MspId) -> Vec<(String, String)> {
        let query = "SELECT kind, outcome FROM activity WHERE msp_id = $1 ORDER BY id";
        let run = async {
            Ok::<_, server::store::StoreError>(db_run!(self, pool => {
                sqlx::query_as(query).bind(msp_id.get()).fetch_all(pool).await?
            }))
        };
        run.await.expect("activity")
    }

    async fn expire_verification_deadline_for_tests(&self, id: VerificationId) {
        let query = "UPDATE verification_timers SET deadline = 1, next_poll_at = 1 \
             WHERE verification_id = $1";
        let run = async {
            db_write!(self, pool => {
                sqlx::query(query).bind(id.get()).execute(pool).await?.rows_affected()
            });
            Ok::<_, server::store::StoreError>(())
        };
        run.await.expect("deadline moved");
    }
}
