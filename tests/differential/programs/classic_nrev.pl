% Naive reverse and friends.
app([], L, L).
app([H | T], L, [H | R]) :- app(T, L, R).

nrev([], []).
nrev([H | T], R) :- nrev(T, RT), app(RT, [H], R).

range(N, N, [N]) :- !.
range(I, N, [I | T]) :- I < N, I1 is I + 1, range(I1, N, T).

bench(N, Len, First) :- range(1, N, L), nrev(L, R), length(R, Len), R = [First | _].

% query: nrev([1, 2, 3, 4], R).
% query: once(nrev(R, [a, b])).
% query: nrev([], R).
% query: bench(30, Len, First).
% query: bench(400, Len, First).
% query: app(X, Y, [a, b]).
% query: nrev([a, [b, c], d], R).
