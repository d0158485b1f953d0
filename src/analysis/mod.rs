//! Analyses of snapshots: structural balance, centrality, camps, change over time.
