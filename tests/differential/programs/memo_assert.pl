% Memoisation with assert, and a global counter.
:- dynamic memo/2.
:- dynamic calls/1.
calls(0).

mfib(N, F) :- memo(N, F), !.
mfib(N, F) :-
    retract(calls(C)), C1 is C + 1, assertz(calls(C1)),
    (   N < 2
    ->  F = N
    ;   N1 is N - 1, N2 is N - 2, mfib(N1, F1), mfib(N2, F2), F is F1 + F2
    ),
    assertz(memo(N, F)).

% query: mfib(30, F).
% query: calls(C).
% query: mfib(60, F), calls(C).
% query: aggregate_all(count, memo(_, _), N).
% query: retractall(memo(_, _)), mfib(10, F), aggregate_all(count, memo(_, _), N).
% query: memo(5, F).
