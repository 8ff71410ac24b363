% time/1 (library(statistics)): the goal's answers, failure and error pass
% through unchanged (the report line goes to standard error, not compared).
app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).

% query: time(true).
% query: time(app(X, Y, [1, 2])).
% query: time(fail).
% query: time((member(X, [a, b, c]), X \== b)).
% query: catch(time(throw(ball)), B, true).
% query: catch(time(atom_length(_, _)), error(E, _), true).
% query: time(app(X, [c], [a, b, c])), write(X), nl.
% query: findall(X, time(member(X, [1, 2])), L).
