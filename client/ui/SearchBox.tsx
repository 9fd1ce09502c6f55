// The search box in the top bar: place-name search (client/features/place-search/).
// `/` focuses it from anywhere (see App.tsx).
export { PlaceSearchBox as SearchBox, SEARCH_INPUT_ID } from '../features/place-search/PlaceSearchBox.tsx';
