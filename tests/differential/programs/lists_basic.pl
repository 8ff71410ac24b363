% append/3, member/2, memberchk/2, length/2, nth0/3, nth1/3, reverse/2, last/2.

% query: append([1, 2], [3], L).
% query: append(X, Y, [1, 2, 3]).
% query: append(X, [3], [1, 2, 3]).
% query: append([1], X, [1, 2, 3]).
% query: append(X, [a], Y).
% query: append([a, b], Y, Z).
% query: member(X, [a, b, c]).
% query: member(b, [a, b, c]).
% query: member(x, [a, b, c]).
% query: member(f(X), [f(1), g(2), f(3)]).
% query: member(a, L).
% query: memberchk(X, [a, b, c]).
% query: memberchk(b, [a, b, c, b]).
% query: memberchk(f(X), [g(1), f(2), f(3)]).
% query: length([a, b, c], N).
% query: length(L, 2).
% query: length(L, N).
% query: length([a | T], 3).
% query: length(L, -1).
% query: length(a, N).
% query: length([a, b | T], N).
% query: length(L, a).
% query: nth0(1, [a, b, c], X).
% query: nth1(1, [a, b, c], X).
% query: nth0(I, [a, b, c], X).
% query: nth1(I, [a, b, a], a).
% query: nth1(5, [a, b], X).
% query: nth0(I, [a, b], c).
% query: reverse([1, 2, 3], L).
% query: reverse([], L).
% query: reverse(L, [1, 2]).
% query: last([1, 2, 3], X).
% query: last([], X).
% query: append([[1], [2, 3], [], [4]], L).
