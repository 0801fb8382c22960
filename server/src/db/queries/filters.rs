//! Statements built from the filters a list was asked for: a condition is
//! in the statement only when its filter is given. Each set of filters is
//! then a statement of its own, planned for the indexes it can use. A
//! `$n IS NULL OR …` for an absent filter would make one statement serve
//! every set: SQLite, which plans without looking at the values, could use
//! no index for it, and neither could a plan PostgreSQL keeps for reuse.

use chrono::{DateTime, Utc};
use sqlx::{Encode, QueryBuilder, Type};

use super::DB;

pub trait Filters {
    /// `WITH RECURSIVE name(id) AS (…)`: the unit `root` and every unit
    /// below it, for each `(name, root)` whose root is given; answers the
    /// names written, for [`Filters::and_within`].
    fn unit_trees(&mut self, trees: &[(&'static str, Option<i64>)]) -> Vec<&'static str>;

    /// ` AND {column} IN (SELECT id FROM {tree})` for each tree written.
    fn and_within(&mut self, column: &str, trees: &[&'static str]) -> &mut Self;

    /// ` AND {condition}` followed by `value` bound, when there is a value:
    /// `and_eq("r.status = ", status)`.
    fn and_eq<'t, T>(&mut self, condition: &str, value: Option<T>) -> &mut Self
    where
        T: Encode<'t, DB> + Type<DB>;

    /// ` AND (LOWER(c1) LIKE p ESCAPE '\' OR …)` over `columns`, when there
    /// is a pattern (lower-case, escaped: `paging::like_pattern`).
    fn and_like(&mut self, columns: &[&str], pattern: Option<&str>) -> &mut Self;

    /// The keyset, order and limit of a newest-first page: rows before
    /// `after` (all rows on the first page) by `(time, id)` descending.
    fn newest_page(
        &mut self,
        time: &str,
        id: &str,
        after: Option<(DateTime<Utc>, i64)>,
        limit: i64,
    ) -> &mut Self;
}

impl Filters for QueryBuilder<DB> {
    fn unit_trees(&mut self, trees: &[(&'static str, Option<i64>)]) -> Vec<&'static str> {
        let mut written = Vec::new();
        for &(name, root) in trees {
            let Some(root) = root else { continue };
            self.push(if written.is_empty() {
                "WITH RECURSIVE "
            } else {
                ", "
            });
            self.push(format_args!(
                "{name}(id) AS (SELECT id FROM units WHERE id = "
            ))
            .push_bind(root)
            .push(format_args!(
                " UNION SELECT u.id FROM units u JOIN {name} t ON u.parent_id = t.id) "
            ));
            written.push(name);
        }
        written
    }

    fn and_within(&mut self, column: &str, trees: &[&'static str]) -> &mut Self {
        for tree in trees {
            self.push(format_args!(" AND {column} IN (SELECT id FROM {tree})"));
        }
        self
    }

    fn and_eq<'t, T>(&mut self, condition: &str, value: Option<T>) -> &mut Self
    where
        T: Encode<'t, DB> + Type<DB>,
    {
        if let Some(value) = value {
            self.push(" AND ").push(condition).push_bind(value);
        }
        self
    }

    fn and_like(&mut self, columns: &[&str], pattern: Option<&str>) -> &mut Self {
        if let Some(pattern) = pattern {
            self.push(" AND (");
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    self.push(" OR ");
                }
                self.push(format_args!("LOWER({column}) LIKE "))
                    .push_bind(pattern)
                    .push(" ESCAPE '\\'");
            }
            self.push(")");
        }
        self
    }

    fn newest_page(
        &mut self,
        time: &str,
        id: &str,
        after: Option<(DateTime<Utc>, i64)>,
        limit: i64,
    ) -> &mut Self {
        let (at, last) = super::keyset(after);
        self.push(format_args!(" AND ({time}, {id}) < ("))
            .push_bind(at)
            .push(", ")
            .push_bind(last)
            .push(format_args!(") ORDER BY {time} DESC, {id} DESC LIMIT "))
            .push_bind(limit)
    }
}
