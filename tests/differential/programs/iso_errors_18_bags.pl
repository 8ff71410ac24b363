% More of issue #18's error cases, as SWI-Prolog 9 answers them: clause/2
% with a body that is not callable, findall/3 and friends with a third
% argument that is not a list (SWI fails, it raises nothing), ^/2 inside
% bagof/setof under the unknown flag, and ^/2 called outside them.

:- dynamic d/1.
d(1).
d(2).
p(1, a).
p(2, b).

% query: clause(d(X), 3).
% query: clause(d(X), foo(_)).
% query: clause(d(X), (true, 3)).
% query: clause(d(X), true).
% query: findall(X, member(X, [1]), foo).
% query: findall(X, member(X, [1]), [a|b]).
% query: findall(X, member(X, [1]), [a|foo]).
% query: findall(X, member(X, [1, 2]), [_|T]).
% query: findall(X, member(X, [1]), L, foo).
% query: findall(X, fail, L, T).
% query: bagof(X, member(X, [1]), foo).
% query: setof(X, member(X, [1]), foo).
% query: aggregate_all(count, member(_, [a]), foo).
% query: aggregate_all(bag(X), member(X, [a]), foo).
% query: bagof(X, Y^undefined_q(X, Y), L).
% query: setof(X, Y^Z^undefined_r(X, Y, Z), L).
% query: set_prolog_flag(unknown, fail), (bagof(X, Y^undefined_q(X, Y), L) -> R = yes ; R = no), set_prolog_flag(unknown, error).
% query: set_prolog_flag(unknown, fail), (setof(X, Y^Z^undefined_r(X, Y, Z), L) -> R = yes ; R = no), set_prolog_flag(unknown, error).
% query: set_prolog_flag(unknown, warning), (bagof(X, Y^undefined_q(X, Y), L) -> R = yes ; R = no), set_prolog_flag(unknown, error).
% query: set_prolog_flag(unknown, fail), findall(X-Y, Y^p(X, Y), L), set_prolog_flag(unknown, error).
% query: bagof(X, Y^p(X, Y), L).
% query: call(Y^p(X, Y)).
% query: Y^p(X, Y).
% query: catch(call(Y^p(X, Y)), error(E, _), true).
