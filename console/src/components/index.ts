// The shared components, for `import { VirtualList, Loading, ErrorBox, Table, Badge } from '../components'`.
export { VirtualList, type VirtualListProps } from './virtual-list';
export { Badge, ErrorBox, Loading, Table, type Column } from './status';
