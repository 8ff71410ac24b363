% ISO errors as SWI-Prolog 9 raises them (issue #18), and the flags a
% program reads or sets.

p(1).

% query: arg(-1, f(a), X).
% query: arg(-3, f(a, b), X).
% query: arg(-1, foo, X).
% query: arg(0, f(a), X).
% query: arg(a, f(a), X).
% query: catch(\+ X, _E, true), _E = error(Formal, _).
% query: catch(not(X), _E, true), _E = error(Formal, _).
% query: catch(\+ 3, error(Formal, _), true).
% query: catch((\+ X ; true), error(Formal, _), true).
% query: catch(\+ \+ X, error(Formal, _), true).
% query: catch((p(Y), \+ X), error(Formal, _), true).
% query: \+ X.
% query: sub_atom(f(x), B, L, A, S).
% query: sub_atom(abc, B, L, A, f(x)).
% query: sub_atom([97, 98], B, 1, A, S).
% query: sub_atom(abc, B, 1, A, [0'b]).
% query: sub_string(f(x), B, L, A, S).
% query: sub_string("abc", B, L, A, f(x)).
% query: sub_atom(abc, B, 1, A, "b").
% query: sub_atom(abc, B, 1, A, 12).
% query: sub_atom(abc, -1, 1, A, S).
% query: sub_atom(abc, 0, -1, A, S).
% query: sub_atom(abc, B, L, -1, S).
% query: sub_atom(abc, -1, L, A, b).
% query: sub_string("abc", B, -2, A, S).
% query: sub_atom(abc, 5, L, A, S).
% query: X =.. [f(a), b].
% query: X =.. [f(a)].
% query: X =.. [1, b].
% query: forall(fail, 1).
% query: forall(fail, X).
% query: forall(true, 1).
% query: forall(1, true).
% query: current_prolog_flag(max_arity, X).
% query: current_prolog_flag(max_arity, M), X is M + 1.
% query: current_prolog_flag(max_arity, M), M > 255.
% query: current_prolog_flag(max_arity, M), (integer(M) -> R = int ; R = M).
% query: current_prolog_flag(bounded, X).
% query: current_prolog_flag(integer_rounding_function, X).
% query: current_prolog_flag(debug, X).
% query: current_prolog_flag(no_such_flag_abc, X).
% query: current_prolog_flag(3, X).
% query: set_prolog_flag(bounded, true).
% query: set_prolog_flag(max_arity, 5).
% query: set_prolog_flag(integer_rounding_function, down).
% query: set_prolog_flag(debug, 3).
% query: set_prolog_flag(debug, foo).
% query: set_prolog_flag(debug, on), current_prolog_flag(debug, X), set_prolog_flag(debug, off), current_prolog_flag(debug, Y).
% query: set_prolog_flag(occurs_check, on).
% query: set_prolog_flag(occurs_check, foo).
% query: set_prolog_flag(occurs_check, 1).
% query: set_prolog_flag(double_quotes, foo).
% query: set_prolog_flag(unknown, foo).
% query: set_prolog_flag(unknown, 1).
% query: set_prolog_flag(X, 1).
% query: set_prolog_flag(3, a).
% query: set_prolog_flag(occurs_check, X).
% query: set_prolog_flag(my_new_flag_18, 42), current_prolog_flag(my_new_flag_18, X).
% query: set_prolog_flag(unknown, fail), (undefined_pred_18(1) -> R = yes ; R = no), set_prolog_flag(unknown, error).
% query: set_prolog_flag(unknown, warning), (undefined_pred_18(1) -> R = yes ; R = no), set_prolog_flag(unknown, error).
% query: current_prolog_flag(unknown, X).
% query: catch(undefined_pred_18(1), error(Formal, _), true).
% query: set_prolog_flag(occurs_check, true), (X = f(X) -> R = yes ; R = no), set_prolog_flag(occurs_check, false).
% query: set_prolog_flag(double_quotes, codes), set_prolog_flag(double_quotes, string).
