-- The ledger sorted by deadline (earliest running deadline first, findings
-- with none last): an index on the same expression the query orders by
-- (`running_or_last!` in db/queries), so a page is read in order instead
-- of sorting every finding. The second serves one state's findings
-- (rectifying, by deadline), the view the office opens most.
CREATE INDEX findings_running ON findings (
    (COALESCE(CASE state WHEN 'fed_back' THEN verify_by WHEN 'rectifying' THEN rectify_by END, '9999-12-31')),
    id
);
CREATE INDEX findings_state_running ON findings (
    state,
    (COALESCE(CASE state WHEN 'fed_back' THEN verify_by WHEN 'rectifying' THEN rectify_by END, '9999-12-31')),
    id
);
