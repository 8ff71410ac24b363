head_pred(odd,1).
body_pred(zero,1).
body_pred(next,2).
max_vars(4).
max_body(4).
max_clauses(2).
enable_recursion.
