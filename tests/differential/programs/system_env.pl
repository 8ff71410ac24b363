% getenv/2, setenv/2, unsetenv/1, get_time/1 and format_time/3 (issue #18),
% as SWI-Prolog 9: what does not depend on the clock or the time zone.

% query: setenv(neurosym_test_18, hello), getenv(neurosym_test_18, X).
% query: setenv(neurosym_test_18, 42), getenv(neurosym_test_18, X), atom(X).
% query: setenv(neurosym_test_18, x), unsetenv(neurosym_test_18), (getenv(neurosym_test_18, X) -> R = set ; R = unset).
% query: getenv(neurosym_no_such_variable_18, X).
% query: getenv(X, Y).
% query: getenv(1, Y).
% query: setenv(X, a).
% query: setenv(a, X).
% query: setenv(f(x), a).
% query: get_time(_T), float(_T), _T > 1.0e9.
% query: format_time(atom(A), '%Y', 0), atom_length(A, 4).
% query: format_time(atom(A), '%%', 0).
% query: format_time(string(S), '%Y-%m-%d', date(2024, 2, 29)).
% query: format_time(codes(C), '%d/%m/%Y', date(2001, 12, 5)), atom_codes(A, C).
% query: format_time(atom(A), '%F %T', date(2020, 1, 2, 3, 4, 5, 0, -, -)).
% query: format_time(atom(A), '%a %b %e %j', date(2021, 3, 7)).
% query: format_time(atom(A), X, 0).
% query: format_time(atom(A), '%Y', X).
% query: format_time(atom(A), '%Y', foo).
% query: catch(halt(a), error(E, _), true).
% query: catch(halt(X), error(E, _), true).
% query: catch(halt(1.5), error(E, _), true).
