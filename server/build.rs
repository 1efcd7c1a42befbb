//! Rebuild when migrations change: `sqlx::migrate!` embeds them, and cargo cannot see that.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
