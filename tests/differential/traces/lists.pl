% Port sequences of the tracer, compared with SWI-Prolog's (test_trace.py).
app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).

nrev([], []).
nrev([H|T], R) :- nrev(T, RT), app(RT, [H], R).

len([], 0).
len([_|T], N) :- len(T, M), N is M + 1.

% trace: app(X, Y, [1, 2]).
% trace: app([1], [2], Z).
% trace: nrev([a, b, c], R).
% trace: len([a, b], N).
% trace: app(X, [c], [a, b, c]).
