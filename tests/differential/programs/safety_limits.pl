% Issue #17: cyclic terms, big integers as text, strict number reading,
% cases that SWI answers at once (its resource_error(stack) for a huge
% power is resource_error(memory) in neurosym: caught, not compared).
r(X) :- X = f(X).

% query: _X = f(_X), _Y = f(_Y), _X = _Y.
% query: r(_A), r(_B), _A = _B.
% query: _X = [a|_X], _Y = [a, a|_Y], _X = _Y.
% query: _X = [a|_X], _Y = [a, b|_Y], _X = _Y.
% query: _X is 10 ** 5000, atom_length(_X, L).
% query: _X is -(10 ** 5000) - 7, number_codes(_X, _C), number_codes(_Y, _C), _Y =:= _X.
% query: _X is 10 ** 5000 + 3, atom_number(_A, _X), atom_number(_A, _Y), _Y == _X.
% query: _X is 10 ** 4400, format(atom(_A), '~d', [_X]), atom_length(_A, L).
% query: X is nan / 0.
% query: X is 0.0 / 0.
% query: catch(_X is 2 ** 100000000000, error(resource_error(_), _), true).
% query: _X is 2 ** 1000000, Y is _X mod 1000.
% query: X is 0 << 100000000000.
% query: X is -1 >> 100000000000.
% query: number_codes(X, "1.0e400").
% query: atom_number('1.0e400', X).
% query: number_string(X, "1.0e400").
% query: atom_to_term('1.0e400', X, _).
% query: X = 1.0e-400.
% query: op(1201, xfx, foo).
% query: op(700, xfx, ',').
% query: _X = f(_X), _Y = f(f(_Y)), _X == _Y.
% query: _X = f(_X), _Y = f(g(_Y)), compare(O, _X, _Y).
% query: _X = f(_X), _Y = f(f(_Y)), compare(O, _X, _Y).
