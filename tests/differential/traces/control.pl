% Port sequences of the tracer, compared with SWI-Prolog's (test_trace.py).
p(1).
p(2).
p(3).

q(X) :- p(X), X > 1.

max(X, Y, X) :- X >= Y, !.
max(_, Y, Y).

first(X) :- p(X), !.

count(N, N) :- !.
count(I, N) :- I < N, I1 is I + 1, count(I1, N).

% trace: q(X).
% trace: max(3, 1, M).
% trace: max(1, 3, M).
% trace: first(X).
% trace: count(0, 2).
% trace: p(4).

% debug mode with a spy point and nothing leashed: SWI leaps on, showing the
% spied predicate's Call, Exit and Fail ports only (no Redo)
% spy(p/1): q(X).
% spy(p/1): p(4).
% spy(p/1): p(X), X > 1.
% spy(max/3): max(1, 3, M).
% spy(count/2): count(0, 2).
