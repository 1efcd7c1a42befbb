//! A simulated Autotask tenant (test and demo fake), reached over real HTTP; never used by product logic.
