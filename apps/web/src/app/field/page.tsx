import { FieldApp } from '../../field/field-app';

export default function FieldPage() {
  return <FieldApp />;
}
