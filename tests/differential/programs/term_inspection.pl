% Term inspection: numbervars/3, =@=, subsumes_term/2, ?=, term_variables.
% query: T = f(X, Y, X), numbervars(T, 0, End), print(T), nl.
% query: T = f(X, g(Y)), numbervars(T, 23, End), writeq(T), nl.
% query: f(A, B) =@= f(C, D).
% query: f(A, A) =@= f(C, D).
% query: f(a, X) =@= f(a, Y).
% query: f(a) =@= f(b).
% query: f(A, b) \=@= f(C, D).
% query: subsumes_term(f(_, b), f(a, b)).
% query: subsumes_term(f(a, b), f(_, b)).
% query: subsumes_term(f(X, X), f(Y, Z)).
% query: ?=(a, b).
% query: ?=(X, Y).
% query: ?=(X, X).
% query: term_variables(f(X, Y, g(Z, X)), Vs), length(Vs, N).
% query: T = point(1, 2), T =.. [F | Args], length(Args, N).
% query: tab(2), print(hello), nl.
