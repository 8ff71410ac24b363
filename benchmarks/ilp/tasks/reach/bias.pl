head_pred(reach,2).
body_pred(edge,2).
body_pred(node,1).
max_vars(4).
max_body(3).
max_clauses(2).
enable_recursion.
