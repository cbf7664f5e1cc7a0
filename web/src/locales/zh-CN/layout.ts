export default {
  toggleMenu: '展开/收起菜单',
}
