% read_term/3's stream and option errors; test_stdin.py.
show(T) :- \+ \+ ( numbervars(T, 0, _), print(T), nl ).
try(G) :- catch((G -> show(yes) ; show(no)), error(E, _), show(E)).

main :-
    try(read_term(foo, _, [])),
    try(read_term(_, _, [])),
    try(read_term(_, bad)),
    try(read_term(_, [_])),
    try(read_term(user_input, X, [foo(bar)])), show(X),
    try(read(end_of_file)),
    try(read(Y)), show(Y).
