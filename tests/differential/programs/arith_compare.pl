% Arithmetic comparison.

% query: 1 =:= 1.0.
% query: 1 =\= 2.
% query: 1 < 2.
% query: 2 < 1.
% query: 2.5 > 2.
% query: 3 >= 3.
% query: 3 =< 2.
% query: 1 + 2 =:= 3.
% query: 2 * 3 > 5.9.
% query: X = 5, X > 3.
% query: X > 3.
% query: a < 3.
% query: 0.1 + 0.2 =:= 0.3.
% query: -0.0 =:= 0.0.
% query: 10 ** 20 > 10 ** 19.
% query: 7 / 2 =:= 3.5.
% query: max(2, 3) =:= 3.
