% msort/2, sort/2, sort/4, predsort/3, list_to_set/2.
by_length(O, A, B) :-
    atom_length(A, LA), atom_length(B, LB),
    compare(O0, LA, LB),
    ( O0 == (=) -> compare(O, A, B) ; O = O0 ).
by_second(O, _-A, _-B) :- compare(O, A, B).

% query: msort([b, a, c, a], L).
% query: sort([b, a, c, a], L).
% query: sort([3, 1.0, 2, 1], L).
% query: sort(0, @>=, [1, 3, 2, 3], L).
% query: sort(0, @=<, [1, 3, 2, 3], L).
% query: sort(0, @>, [1, 3, 2, 3], L).
% query: sort(0, @<, [c, a, b, a], L).
% query: sort(1, @<, [f(2, a), f(1, b), f(2, c)], L).
% query: sort(1, @=<, [f(2, a), f(1, b), f(2, c)], L).
% query: sort(2, @>=, [f(2, a), f(1, b), f(2, c)], L).
% query: sort(1, @>, [k-1, j-2, k-3, a-4], L).
% query: sort(0, @=<, [], L).
% query: sort(3, @<, [f(a)], L).
% query: sort(0, foo, [a], L).
% query: predsort(by_length, [abc, a, ab, zz, b, a], L).
% query: predsort(by_second, [x-3, y-1, z-2, w-1], L).
% query: list_to_set([a, b, a, c, b, 1, 1.0], S).
% query: list_to_set([f(X), f(Y), f(X)], S).
% query: msort([z, "z", 3, 2.0, f(a), Z], L).
% query: sort([c-1, a-2, b-3, a-1], L).
% query: keysort([c-1, a-2, b-3, a-1], L).
% query: sort(L, [a]).
% query: msort(a, L).
% query: sort([a | _], L).
