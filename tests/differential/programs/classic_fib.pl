% Fibonacci: naive, accumulator, and with big integers.
fib(0, 0).
fib(1, 1).
fib(N, F) :- N > 1, N1 is N - 1, N2 is N - 2, fib(N1, F1), fib(N2, F2), F is F1 + F2.

fib_acc(N, F) :- fib_acc(N, 0, 1, F).
fib_acc(0, A, _, A) :- !.
fib_acc(N, A, B, F) :- N1 is N - 1, C is A + B, fib_acc(N1, B, C, F).

fibs(N, L) :- findall(F, (between(0, N, I), fib_acc(I, F)), L).

% query: fib(10, F).
% query: fib(15, F).
% query: fib_acc(100, F).
% query: fib_acc(300, F).
% query: fibs(20, L).
% query: fib(N, 8).
% query: fib(0, F).
