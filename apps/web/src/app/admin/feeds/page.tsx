import '../../../admin/feeds.css';
import { FeedsScreen } from '../../../admin/feeds-screen';

export default function AdminFeedsPage() {
  return <FeedsScreen />;
}
