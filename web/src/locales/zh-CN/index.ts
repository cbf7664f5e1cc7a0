// Simplified Chinese, one module per area. Add a module here when an area gets its own file.
import common from './common'
import auth from './auth'
import menu from './menu'
import errors from './errors'
import cases from './cases'
import detail from './detail'
import workbench from './workbench'
import admin from './admin'
import layout from './layout'
import pager from './pager'
import dashboard from './dashboard'

export default { common, auth, menu, errors, cases, detail, workbench, admin, layout, pager, dashboard }
