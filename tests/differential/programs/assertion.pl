% assertion/1 (library(debug)): succeeds once, keeping no bindings; a goal
% that fails or raises is error(assertion_error(Reason, user:Goal), _).

% query: assertion(true).
% query: assertion(X = 1).
% query: assertion(member(X, [1, 2])).
% query: assertion(fail).
% query: catch(assertion(fail), error(E, _), true).
% query: catch(assertion(1 =:= 2), error(E, _), true).
% query: catch(assertion(throw(foo)), error(E, _), true).
% query: catch(assertion(3), error(assertion_error(error(F, _), G), _), true).
% query: catch(assertion(X), error(assertion_error(error(F, _), _), _), true).
