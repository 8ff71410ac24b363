% Global variables: nb_setval/2, nb_getval/2, b_setval/2, b_getval/2.
count_solutions(G, N) :-
    nb_setval(count, 0),
    (   call(G), nb_getval(count, C), C1 is C + 1, nb_setval(count, C1), fail
    ;   nb_getval(count, N)
    ).

% query: nb_setval(k, 42), nb_getval(k, X).
% query: nb_getval(k, X).
% query: nb_setval(k, f(a, "s")), nb_getval(k, X).
% query: count_solutions(member(_, [a, b, c]), N).
% query: b_setval(v, 1), b_getval(v, X).
% query: nb_setval(w, 0), (member(X, [1, 2, 3]), nb_setval(w, X), fail ; true), nb_getval(w, W).
% query: b_setval(u, 0), (member(X, [1, 2, 3]), b_setval(u, X), fail ; true), b_getval(u, U).
% query: nb_getval(no_such_key_here, X).
