import { CommandCenter } from '../components/command-center';

export default function CommandCenterPage() {
  return <CommandCenter />;
}
