/*
 * Loads every built-in type module so their methods are installed on the
 * type objects. The interpreter imports this once (side effects only), then
 * the names it needs from the individual modules.
 */

import './exceptions';
import './ops';
import './dictview';
import './methods-list';
import './methods-dict';
import './methods-str';
import './methods-num';
import './methods-range';
import './builtins-functions';
