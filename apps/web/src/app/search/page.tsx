import '../../search/search.css';
import { SearchScreen } from '../../search/search-screen';

export default function SearchPage() {
  return <SearchScreen />;
}
