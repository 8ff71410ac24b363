% read/1, read_term/2,3 from standard input (read_terms.in); test_stdin.py.
show(T) :- \+ \+ ( numbervars(T, 0, _), print(T), nl ).

main :-
    read(A), show(A),
    read_term(B, [variable_names(Vs), variables(Ws), singletons(Ss)]),
    show(B-Vs-Ws-Ss),
    read_term(user_input, C, [variable_names(Cs)]), show(C-Cs),
    read(D), show(D),
    read(E), show(E),
    catch(read(_), error(Err, _), (functor(Err, F, _), show(caught(F)))),
    read(G), show(G),
    read(H), show(H),
    read(I), show(I).
