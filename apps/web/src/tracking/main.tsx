import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TrackingApp } from './tracking-app';
import './tracking.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from tracking.html');
createRoot(root).render(
  <StrictMode>
    <TrackingApp />
  </StrictMode>,
);
