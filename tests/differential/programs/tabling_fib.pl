% Tabling: Fibonacci with tabling makes naive recursion linear.
:- table fib/2.
fib(0, 0).
fib(1, 1).
fib(N, F) :- N > 1, N1 is N - 1, N2 is N - 2, fib(N1, F1), fib(N2, F2), F is F1 + F2.

:- table lcs/3.
lcs([], _, 0) :- !.
lcs(_, [], 0) :- !.
lcs([X | Xs], [X | Ys], N) :- !, lcs(Xs, Ys, N0), N is N0 + 1.
lcs([X | Xs], [Y | Ys], N) :- lcs(Xs, [Y | Ys], N1), lcs([X | Xs], Ys, N2), N is max(N1, N2).

% query: fib(30, F).
% query: fib(200, F).
% query: fib(10, F), fib(20, G).
% query(set): between(0, 10, N), fib(N, F).
% query: atom_codes(abcbdab, A), atom_codes(bdcaba, B), lcs(A, B, N).
