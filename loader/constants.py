MAX_PROBLEMS = 200
BATCH_SIZE = 500
# History is recorded in revisions of at most this many written rows (with
# the rows they take along), read and serialized one revision at a time so
# that the first load of a large knowledge base does not hold all of them in
# memory at once; an ordinary load fits in one.
HISTORY_CHUNK = 5000
# A load that writes at least this many rows refreshes the planner's
# statistics of the tables it wrote (loading.analyze).
ANALYZE_AFTER_ROWS = 1000
