import '../../../admin/feeds.css';
import { RulesScreen } from '../../../admin/rules-screen';

export default function AdminRulesPage() {
  return <RulesScreen />;
}
