import '../../replay/replay.css';
import { ReplayScreen } from '../../replay/replay-screen';

export default function ReplayPage() {
  return <ReplayScreen />;
}
