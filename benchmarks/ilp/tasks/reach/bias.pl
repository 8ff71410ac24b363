head_pred(reach,2).
body_pred(edge,2).
body_pred(node,1).
max_vars(3).
max_body(2).
max_clauses(2).
enable_recursion.
